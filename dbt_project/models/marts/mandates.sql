-- One row per (operative paragraph, addressee) asked to act. Counts must not depend on how many languages
-- a decision was harvested in, so only the mandates of the decision's preferred text are kept (English first,
-- then fr es ru zh ar: see int_decision_texts__ranked); text_language names the language of their text.
with

mandates as (

    select * from {{ ref('stg_parsed__mandates') }}

),

decisions as (

    select * from {{ ref('int_decisions__merged') }}

),

final as (

    select
        mandates.mandate_id,
        mandates.decision_id,
        mandates.paragraph_id,
        mandates.paragraph_number,
        mandates.action,
        mandates.actor,
        mandates.actor_as_written,
        mandates.subject_to_resources,
        mandates.report_to_meeting_id,
        mandates.text,
        mandates.document_id,
        mandates.language,
        mandates.language as text_language

    from mandates
    inner join decisions
        on
            mandates.decision_id = decisions.decision_id
            and mandates.document_id = decisions.document_id
            and mandates.language = decisions.language

)

select * from final
