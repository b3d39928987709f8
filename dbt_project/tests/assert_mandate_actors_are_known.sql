-- Every mandate addressee is a known role (var actor_roles) or an organisation of the gazetteer.
-- The list is open-ended (CONTRACT.md "…"): a new addressee warns so it gets added, it does not stop the build.
{{ config(severity='warn') }}

with

mandates as (

    select * from {{ ref('mandates') }}

),

organizations as (

    select * from {{ ref('organizations') }}

)

select
    mandates.mandate_id,
    mandates.actor,
    mandates.actor_as_written

from mandates
left join organizations
    on mandates.actor = organizations.organization_id
where
    organizations.organization_id is null
    and mandates.actor not in (
        {%- for role in var('actor_roles') %}
            '{{ role }}'{{ "," if not loop.last }}
        {%- endfor %}
    )
