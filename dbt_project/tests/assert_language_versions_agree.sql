-- Warns (does not fail the nightly build) for every decision whose language versions disagree: the rows to look at.
{{ config(severity='warn') }}

select
    decision_id,
    languages,
    operative_counts,
    operative_counts_differ,
    cited_symbols_differ

from {{ ref('decision_language_checks') }}
where versions_disagree
