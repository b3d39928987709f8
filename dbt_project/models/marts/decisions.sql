-- One row per decision or resolution, language-independent (see int_decisions__merged for the merge rules).
with

decisions as (

    select * from {{ ref('int_decisions__merged') }}

),

final as (

    select
        decision_id,
        symbol,
        symbol_as_written,
        body,
        meeting_id,
        number,
        status,
        title,
        title_en,
        languages,
        document_id,
        preambular_count,
        operative_count,
        language,
        position,
        title_language

    from decisions

)

select * from final
