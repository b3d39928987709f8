with

source as (

    select * from {{ source('archive', 'manifest') }}

),

renamed as (

    select
        sha256,
        lower(trim(source)) as source,
        nullif(trim(url), '') as url,
        nullif(trim(path), '') as original_path,
        bytes as size_bytes,
        nullif(trim(media_type), '') as media_type,
        {{ iso_to_utc_timestamp('retrieved_at') }} as retrieved_at,
        etag,
        last_modified,
        _loaded_at as loaded_at

    from source

)

select * from renamed
