with

source as (

    select * from {{ source('parsed', 'documents') }}

),

renamed as (

    select
        document_id,
        sha256,
        lower(trim(source)) as source,
        nullif(trim(url), '') as url,
        nullif(trim(symbol), '') as symbol,
        nullif(trim(title), '') as title,
        lower(trim(language)) as language,
        lower(trim(doc_type)) as doc_type,
        nullif(trim(meeting_id), '') as meeting_id,
        lower(trim(file_format)) as file_format,
        {{ iso_to_utc_timestamp('retrieved_at') }} as retrieved_at,
        cast(published_on as date) as published_on,
        parser,
        _loaded_at as loaded_at

    from source

)

select * from renamed
