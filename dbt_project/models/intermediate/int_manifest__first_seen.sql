-- One row per archived object (sha256): its first observation in the manifest, i.e. where and when we first
-- had the file. Later observations of the same bytes (re-fetches, mirrors) add nothing to a document row.
with

manifest as (

    select * from {{ ref('stg_archive__manifest') }}

),

ranked as (

    select
        sha256,
        source,
        url,
        original_path,
        size_bytes,
        media_type,
        retrieved_at,
        row_number() over (
            partition by sha256
            order by retrieved_at asc nulls last, url asc nulls last
        ) as observation_rank

    from manifest

),

final as (

    select * exclude (observation_rank)
    from ranked
    where observation_rank = 1

)

select * from final
