-- One row per paragraph (or sub-paragraph) per language, as read from the first document holding it.
with

paragraphs as (

    select * from {{ ref('int_paragraphs__deduplicated') }}

),

final as (

    select
        paragraph_id,
        decision_id,
        language,
        kind,
        number,
        subparagraph,
        text,
        lead_verb,
        actions,
        footnotes,
        document_id,
        position

    from paragraphs

)

select * from final
