-- Meetings cited by documents, decisions or report-to mandates that the gazetteer seed does not know yet.
-- body/kind/number are read from the id (`<prefix>-<kind>-<n>` such as bc-oewg-14, or `<prefix>-<n>` such as
-- unea-8) with the prefixes of the meeting_series seed; everything else stays NULL until the seed is updated.
with

documents as (

    select * from {{ ref('stg_parsed__documents') }}

),

decisions as (

    select * from {{ ref('stg_parsed__decisions') }}

),

mandates as (

    select * from {{ ref('stg_parsed__mandates') }}

),

gazetteer as (

    select * from {{ ref('meeting_gazetteer') }}

),

series as (

    select * from {{ ref('meeting_series') }}

),

referenced_ids as (

    select meeting_id from documents
    where meeting_id is not null
    union
    select meeting_id from decisions
    where meeting_id is not null
    union
    select report_to_meeting_id as meeting_id from mandates
    where report_to_meeting_id is not null

),

unknown_ids as (

    select referenced_ids.meeting_id

    from referenced_ids
    left join gazetteer
        on referenced_ids.meeting_id = gazetteer.meeting_id
    where gazetteer.meeting_id is null

),

id_parts as (

    select
        meeting_id,
        regexp_extract(meeting_id, '^([a-z]+)-', 1) as prefix,
        nullif(regexp_extract(meeting_id, '^[a-z]+-([a-z]+)-[0-9]+$', 1), '') as kind_in_id,
        try_cast(regexp_extract(meeting_id, '-([0-9]+)$', 1) as bigint) as number

    from unknown_ids

),

final as (

    select
        id_parts.meeting_id,
        series.body,
        coalesce(id_parts.kind_in_id, series.kind) as kind,
        id_parts.number

    from id_parts
    left join series
        on id_parts.prefix = series.prefix

)

select * from final
