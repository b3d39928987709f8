{#
    Custom schemas are used as written (`marts`, `staging`, `intermediate`, `seeds`), not prefixed with the
    target schema as dbt does by default (`main_marts`): CONTRACT.md promises `select * from marts.decisions`.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
