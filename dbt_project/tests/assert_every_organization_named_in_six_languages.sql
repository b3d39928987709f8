-- The parser matches organisations in all six UN languages from organization_aliases: an organisation without
-- an alias in one language would silently never be found in texts of that language.
with

organizations as (

    select * from {{ ref('organizations') }}

),

aliases as (

    select * from {{ ref('organization_aliases') }}

),

languages as (

    select unnest({{ var('languages') }}) as language

),

missing as (

    select
        organizations.organization_id,
        languages.language

    from organizations
    cross join languages
    left join aliases
        on
            organizations.organization_id = aliases.organization_id
            and languages.language = aliases.language
    where aliases.alias is null

)

select * from missing
