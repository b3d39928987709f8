-- The meeting gazetteer (seed) plus every meeting the texts cite that the gazetteer does not list yet, so that
-- every meeting_id in the marts resolves here.
with

gazetteer as (

    select * from {{ ref('meeting_gazetteer') }}

),

referenced as (

    select * from {{ ref('int_meetings__referenced') }}

),

known_meetings as (

    select
        meeting_id,
        body,
        kind,
        number,
        city,
        country,
        start_date,
        end_date,
        session,
        title_en,
        notes,
        true as in_gazetteer

    from gazetteer

),

cited_only_meetings as (

    select
        meeting_id,
        body,
        kind,
        number,
        cast(null as varchar) as city,
        cast(null as varchar) as country,
        cast(null as date) as start_date,
        cast(null as date) as end_date,
        cast(null as varchar) as session,
        cast(null as varchar) as title_en,
        cast(null as varchar) as notes,
        false as in_gazetteer

    from referenced

),

final as (

    select * from known_meetings
    union all
    select * from cited_only_meetings

)

select * from final
