-- One row per (paragraph or passage, partner organisation). Mentions inside decisions are kept from the
-- decision's first text only (language-independent counts); passages outside decisions (notes, partner
-- reports, decision_id NULL) are all kept.
with

activities as (

    select * from {{ ref('stg_parsed__cooperation_activities') }}

),

decisions as (

    select * from {{ ref('int_decisions__merged') }}

),

final as (

    select
        activities.activity_id,
        activities.decision_id,
        activities.paragraph_id,
        activities.document_id,
        activities.organization_id,
        activities.activity_type,
        activities.text,
        activities.language,
        activities.organization_as_written

    from activities
    left join decisions
        on
            activities.decision_id = decisions.decision_id
            and activities.document_id = decisions.document_id
            and activities.language = decisions.language
    where
        activities.decision_id is null
        or decisions.decision_id is not null

)

select * from final
