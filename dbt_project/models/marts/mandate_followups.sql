-- One row per mandate that asks for a report to a later meeting: did anything at that meeting act on it?
-- A follow-up is a document of the report-to meeting, or a decision adopted there, that cites the mandate's
-- decision (marts.document_references resolved to it). Status: reported when there is one; else overdue when the
-- meeting has been held (the warehouse holds documents or decisions of it, or its end_date is past); else open.
-- The first follow-up shown is the citing document in the preferred language (en fr es ru zh ar), a document with
-- a symbol (the report itself) before a compilation, then by document and decision id; followup_count counts the
-- distinct citing decisions and documents, language versions of one document (same symbol) counted once.
with

mandates as (

    select * from {{ ref('mandates') }}

),

meetings as (

    select * from {{ ref('meetings') }}

),

documents as (

    select * from {{ ref('documents') }}

),

decisions as (

    select * from {{ ref('decisions') }}

),

citations as (

    select * from {{ ref('document_references') }}

),

reporting_mandates as (

    select * from mandates
    where report_to_meeting_id is not null

),

meetings_held as (

    -- a meeting the warehouse has material of has been held, whatever the gazetteer's dates say
    select meeting_id from documents
    where meeting_id is not null
    union
    select meeting_id from decisions
    where meeting_id is not null
    union
    select meeting_id from meetings
    where end_date < current_date

),

followups as (

    select
        reporting_mandates.mandate_id,
        citations.from_document_id as followup_document_id,
        citations.from_decision_id as followup_decision_id,
        coalesce(
            'decision ' || citations.from_decision_id,
            'document ' || coalesce(citing_documents.symbol, citations.from_document_id)
        ) as followup_key,
        row_number() over (
            partition by reporting_mandates.mandate_id
            order by
                {{ language_preference('citing_documents.language') }} asc,
                citing_documents.symbol asc nulls last,
                citations.from_document_id asc,
                citations.from_decision_id asc nulls first
        ) as followup_rank

    from reporting_mandates
    inner join citations
        on reporting_mandates.decision_id = citations.target_decision_id
    inner join documents as citing_documents
        on citations.from_document_id = citing_documents.document_id
    left join decisions as citing_decisions
        on citations.from_decision_id = citing_decisions.decision_id
    where
        (
            citing_documents.meeting_id = reporting_mandates.report_to_meeting_id
            or citing_decisions.meeting_id = reporting_mandates.report_to_meeting_id
        )
        and citations.from_decision_id is distinct from reporting_mandates.decision_id

),

followup_counts as (

    select
        mandate_id,
        count(distinct followup_key) as followup_count

    from followups
    group by mandate_id

),

first_followups as (

    select * from followups
    where followup_rank = 1

),

final as (

    select
        reporting_mandates.mandate_id,
        reporting_mandates.decision_id,
        reporting_mandates.paragraph_id,
        reporting_mandates.paragraph_number,
        reporting_mandates.action,
        reporting_mandates.actor,
        reporting_mandates.subject_to_resources,
        reporting_mandates.report_to_meeting_id,
        case
            when first_followups.mandate_id is not null then 'reported'
            when meetings_held.meeting_id is not null then 'overdue'
            else 'open'
        end as status,
        first_followups.followup_document_id,
        first_followups.followup_decision_id,
        coalesce(followup_counts.followup_count, 0) as followup_count,
        meetings_held.meeting_id is not null as meeting_held

    from reporting_mandates
    left join first_followups
        on reporting_mandates.mandate_id = first_followups.mandate_id
    left join followup_counts
        on reporting_mandates.mandate_id = followup_counts.mandate_id
    left join meetings_held
        on reporting_mandates.report_to_meeting_id = meetings_held.meeting_id

)

select * from final
