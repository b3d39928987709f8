-- Every decision text (decision x language x document) with two ranks among the texts of the same decision.
-- text_rank (is_first_text) is the earliest by (document retrieved_at, document_id, language, position): the text
-- seen first. preference_rank (is_preferred_text) puts the reading language first (var preferred_languages: en,
-- fr, es, ru, zh, ar), then the same order: the text the language-independent decision row, its counts, its
-- mandates and its cooperation text are taken from, so an English reader gets English whenever it exists.
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
        {{ language_preference('decision_texts.language') }} as language_preference,
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

preferred as (

    select
        *,
        row_number() over (
            partition by decision_id
            order by language_preference asc, text_rank asc
        ) as preference_rank

    from ranked

),

final as (

    select
        *,
        text_rank = 1 as is_first_text,
        preference_rank = 1 as is_preferred_text

    from preferred

)

select * from final
