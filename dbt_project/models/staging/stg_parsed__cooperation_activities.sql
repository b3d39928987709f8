with

source as (

    select * from {{ source('parsed', 'cooperation') }}

),

renamed as (

    select
        activity_id,
        decision_id,
        paragraph_id,
        document_id,
        lower(trim(language)) as language,
        lower(trim(organization_id)) as organization_id,
        trim(organization_as_written) as organization_as_written,
        lower(trim(activity_type)) as activity_type,
        trim(text) as text,
        _loaded_at as loaded_at

    from source

)

select * from renamed
