{#
    A composite key: fails on every combination of `columns` that occurs more than once
    (e.g. an alias listed twice for one language in the organisation gazetteer).
#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(", ") }},
    count(*) as occurrences

from {{ model }}
group by {{ columns | join(", ") }}
having count(*) > 1

{% endtest %}
