-- Every decision text (decision x language x document) with its rank among the texts of the same decision.
-- Rank 1, the "first text", is the earliest by (document retrieved_at, document_id, language): it is the text
-- the language-independent decision row and its counts are taken from.
with

decision_texts as (

    select * from {{ ref('stg_parsed__decisions') }}

),

documents as (

    select * from {{ ref('stg_parsed__documents') }}

),

ranked as (

    select
        decision_texts.decision_id,
        decision_texts.document_id,
        decision_texts.language,
        decision_texts.symbol,
        decision_texts.symbol_as_written,
        decision_texts.body,
        decision_texts.meeting_id,
        decision_texts.number,
        decision_texts.status,
        decision_texts.title,
        decision_texts.position,
        documents.retrieved_at as document_retrieved_at,
        row_number() over (
            partition by decision_texts.decision_id
            order by
                documents.retrieved_at asc nulls last,
                decision_texts.document_id asc,
                decision_texts.language asc,
                decision_texts.position asc
        ) as text_rank

    from decision_texts
    left join documents
        on decision_texts.document_id = documents.document_id

),

final as (

    select
        *,
        text_rank = 1 as is_first_text

    from ranked

)

select * from final
