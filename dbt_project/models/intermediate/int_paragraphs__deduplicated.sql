-- One row per paragraph_id. The same decision text can arrive in several documents (a compilation and a
-- stand-alone copy): keep the paragraph as read from the first document (earliest retrieved_at, document_id).
with

paragraphs as (

    select * from {{ ref('stg_parsed__paragraphs') }}

),

documents as (

    select * from {{ ref('stg_parsed__documents') }}

),

ranked as (

    select
        paragraphs.paragraph_id,
        paragraphs.decision_id,
        paragraphs.document_id,
        paragraphs.language,
        paragraphs.kind,
        paragraphs.number,
        paragraphs.subparagraph,
        paragraphs.position,
        paragraphs.text,
        paragraphs.lead_verb,
        paragraphs.actions,
        paragraphs.footnotes,
        row_number() over (
            partition by paragraphs.paragraph_id
            order by documents.retrieved_at asc nulls last, paragraphs.document_id asc
        ) as document_rank

    from paragraphs
    left join documents
        on paragraphs.document_id = documents.document_id

),

final as (

    select * exclude (document_rank)
    from ranked
    where document_rank = 1

)

select * from final
