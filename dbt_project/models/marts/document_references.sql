-- Every symbol or article the texts cite, resolved to the cited decision and document when the warehouse
-- holds them.
with

citations as (

    select * from {{ ref('stg_parsed__references') }}

),

decisions as (

    select * from {{ ref('int_decisions__merged') }}

),

documents as (

    select * from {{ ref('stg_parsed__documents') }}

),

decision_symbols as (

    select
        symbol,
        min(decision_id) as decision_id

    from decisions
    where symbol is not null
    group by symbol

),

candidate_documents as (

    -- A symbol has one document per language: prefer the citing document's language, then the first archived.
    select
        citations.reference_id,
        cited.document_id,
        row_number() over (
            partition by citations.reference_id
            order by
                coalesce(cited.language = citing.language, false) desc,
                cited.retrieved_at asc nulls last,
                cited.document_id asc
        ) as preference

    from citations
    inner join documents as cited
        on citations.target = cited.symbol
    left join documents as citing
        on citations.from_document_id = citing.document_id

),

cited_documents as (

    select
        reference_id,
        document_id

    from candidate_documents
    where preference = 1

),

final as (

    select
        citations.reference_id,
        citations.from_document_id,
        citations.from_decision_id,
        citations.from_paragraph_id,
        citations.in_footnote,
        citations.ref_kind,
        citations.target,
        citations.treaty,
        decision_symbols.decision_id as target_decision_id,
        cited_documents.document_id as target_document_id,
        citations.target_as_written

    from citations
    left join decision_symbols
        on
            citations.target = decision_symbols.symbol
            and citations.ref_kind in ('decision', 'resolution')
    left join cited_documents
        on citations.reference_id = cited_documents.reference_id

)

select * from final
