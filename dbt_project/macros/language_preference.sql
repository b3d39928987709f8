{#
    Rank of a language in the reading preference of the warehouse (var preferred_languages: English first, then
    the other UN languages in a fixed order): 1 for en, 2 for fr, ... and one more than the list for anything
    else. Used wherever one text must be chosen among the language versions of the same thing.
#}
{% macro language_preference(column) -%}
    {%- set languages = var('preferred_languages') -%}
    {#- sqlfluff's jinja templater renders var() as a plain string: lint with a one-language list. -#}
    {%- if languages is string -%}{%- set languages = ['en'] -%}{%- endif -%}
    case {{ column }}
        {%- for language in languages %}
        when '{{ language }}' then {{ loop.index }}
        {%- endfor %}
        else {{ languages | length + 1 }}
    end
{%- endmacro %}
