with

source as (

    select * from {{ source('parsed', 'decisions') }}

),

renamed as (

    select
        decision_id,
        document_id,
        lower(trim(language)) as language,
        nullif(trim(symbol), '') as symbol,
        nullif(trim(symbol_as_written), '') as symbol_as_written,
        lower(trim(body)) as body,
        nullif(trim(meeting_id), '') as meeting_id,
        number,
        lower(trim(status)) as status,
        nullif(trim(title), '') as title,
        position,
        _loaded_at as loaded_at

    from source

)

select * from renamed
