{#
    ISO-8601 text (with `Z`, an offset, or none = UTC) -> TIMESTAMP in UTC. A plain cast to TIMESTAMP would
    silently drop an offset; going through TIMESTAMPTZ applies it. Bad text fails the build loudly.
#}
{% macro iso_to_utc_timestamp(column) -%}
    timezone('UTC', cast({{ column }} as timestamptz))
{%- endmacro %}
