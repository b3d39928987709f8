{#
    Like accepted_values, for a list column: fails on every row holding an element outside `values`
    (e.g. decision_paragraphs.actions, decisions.languages). NULL elements fail too.
#}
{% test accepted_list_values(model, column_name, values) %}

with

elements as (

    select unnest({{ column_name }}) as element
    from {{ model }}

)

select element
from elements
where
    element is null
    or element not in (
        {%- for value in values %}
            '{{ value }}'{{ "," if not loop.last }}
        {%- endfor %}
    )

{% endtest %}
