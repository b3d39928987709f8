-- One row per (paragraph or passage, partner organisation), whatever the number of languages and copies it was
-- harvested in: the same place naming the same organisation in several language versions (or documents) is one
-- activity, kept as read in the preferred language (English first, then fr es ru zh ar; then the first archived).
-- The place is language-independent: inside a decision, the paragraph (kind, number, sub-paragraph: the last part
-- of paragraph_id); outside decisions, the k-th passage naming the organisation in the document, the language
-- versions of a document being the documents with the same symbol (a document without a symbol is its own).
with

activities as (

    select * from {{ ref('stg_parsed__cooperation_activities') }}

),

documents as (

    select * from {{ ref('stg_parsed__documents') }}

),

located as (

    select
        activities.*,
        documents.retrieved_at as document_retrieved_at,
        {{ language_preference('activities.language') }} as language_preference,
        case
            when activities.decision_id is not null then 'decision ' || activities.decision_id
            else 'document ' || coalesce(documents.symbol, activities.document_id)
        end as scope,
        -- the parser's activity ids carry the passage number outside decisions ("<document>:passage<n>:<org>")
        try_cast(regexp_extract(activities.activity_id, ':passage([0-9]+):', 1) as bigint) as passage_number

    from activities
    left join documents
        on activities.document_id = documents.document_id

),

placed as (

    select
        *,
        case
            when paragraph_id is not null then regexp_extract(paragraph_id, '[^:]+$')
            else
                'passage ' || dense_rank() over (
                    partition by document_id, organization_id, paragraph_id is null
                    order by passage_number asc nulls last, activity_id asc
                )
        end as place

    from located

),

preferred as (

    select
        *,
        row_number() over (
            partition by scope, place, organization_id
            order by
                language_preference asc,
                document_retrieved_at asc nulls last,
                document_id asc,
                activity_id asc
        ) as preference_rank

    from placed

),

final as (

    select
        activity_id,
        decision_id,
        paragraph_id,
        document_id,
        organization_id,
        activity_type,
        text,
        language,
        organization_as_written,
        language as text_language

    from preferred
    where preference_rank = 1

)

select * from final
