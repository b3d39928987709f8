-- Only operative paragraphs ask anyone to act: every mandate must point at an operative paragraph of the
-- same decision. A failure means the parser attached a mandate to a preambular paragraph or a wrong decision.
with

mandates as (

    select * from {{ ref('mandates') }}

),

paragraphs as (

    select * from {{ ref('decision_paragraphs') }}

)

select
    mandates.mandate_id,
    mandates.paragraph_id,
    paragraphs.kind,
    paragraphs.decision_id as paragraph_decision_id

from mandates
left join paragraphs
    on mandates.paragraph_id = paragraphs.paragraph_id
where
    paragraphs.kind is distinct from 'operative'
    or paragraphs.decision_id is distinct from mandates.decision_id
