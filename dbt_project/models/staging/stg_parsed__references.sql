with

source as (

    select * from {{ source('parsed', 'references') }}

),

renamed as (

    select
        reference_id,
        from_document_id,
        from_decision_id,
        from_paragraph_id,
        coalesce(in_footnote, false) as in_footnote,
        lower(trim(ref_kind)) as ref_kind,
        trim(target) as target,
        target_as_written,
        nullif(lower(trim(treaty)), '') as treaty,
        _loaded_at as loaded_at

    from source

)

select * from renamed
