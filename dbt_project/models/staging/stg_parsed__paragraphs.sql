with

source as (

    select * from {{ source('parsed', 'paragraphs') }}

),

renamed as (

    select
        paragraph_id,
        decision_id,
        document_id,
        lower(trim(language)) as language,
        lower(trim(kind)) as kind,
        number,
        nullif(trim(subparagraph), '') as subparagraph,
        position,
        trim(text) as text,
        nullif(trim(lead_verb), '') as lead_verb,
        coalesce(actions, []::varchar[]) as actions,
        coalesce(footnotes, []::varchar[]) as footnotes,
        _loaded_at as loaded_at

    from source

)

select * from renamed
