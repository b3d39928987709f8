-- One row per harvested file (one language version of one document), completed from the raw archive's
-- manifest where the parser did not know a value (url, retrieved_at) and with the file's archive facts.
with

documents as (

    select * from {{ ref('stg_parsed__documents') }}

),

manifest_first_seen as (

    select * from {{ ref('int_manifest__first_seen') }}

),

final as (

    select
        documents.document_id,
        documents.source,
        documents.symbol,
        documents.title,
        documents.language,
        documents.doc_type,
        documents.meeting_id,
        coalesce(documents.url, manifest_first_seen.url) as url,
        documents.sha256,
        documents.file_format,
        coalesce(documents.retrieved_at, manifest_first_seen.retrieved_at) as retrieved_at,
        documents.published_on,
        manifest_first_seen.original_path,
        manifest_first_seen.size_bytes,
        manifest_first_seen.media_type,
        documents.parser

    from documents
    left join manifest_first_seen
        on documents.sha256 = manifest_first_seen.sha256

)

select * from final
