with

source as (

    select * from {{ source('parsed', 'mandates') }}

),

renamed as (

    select
        mandate_id,
        decision_id,
        paragraph_id,
        document_id,
        lower(trim(language)) as language,
        paragraph_number,
        lower(trim(action)) as action,
        lower(trim(actor)) as actor,
        trim(actor_as_written) as actor_as_written,
        coalesce(subject_to_resources, false) as subject_to_resources,
        nullif(trim(report_to_meeting_id), '') as report_to_meeting_id,
        trim(text) as text,
        _loaded_at as loaded_at

    from source

)

select * from renamed
