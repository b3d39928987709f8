-- One row per decision that has texts in more than one language: do its language versions agree on the number of
-- operative paragraphs and on the symbols they cite? A disagreement usually means a parsing slip or a corrigendum
-- in one language; the warn-level test assert_language_versions_agree lists them after every build.
with

paragraphs as (

    select * from {{ ref('int_paragraphs__deduplicated') }}

),

references_cited as (

    select * from {{ ref('stg_parsed__references') }}

),

operative_counts as (

    select
        decision_id,
        language,
        count(distinct number) filter (
            where kind = 'operative' and subparagraph is null
        ) as operative_count

    from paragraphs
    group by decision_id, language

),

cited_targets as (

    -- the cited symbols of one language version, read from the paragraphs kept for it
    select
        paragraphs.decision_id,
        paragraphs.language,
        list(distinct references_cited.target order by references_cited.target) as targets

    from paragraphs
    inner join references_cited
        on
            paragraphs.paragraph_id = references_cited.from_paragraph_id
            and paragraphs.document_id = references_cited.from_document_id
    group by paragraphs.decision_id, paragraphs.language

),

versions as (

    select
        operative_counts.decision_id,
        operative_counts.language,
        operative_counts.operative_count,
        coalesce(cited_targets.targets, []) as targets

    from operative_counts
    left join cited_targets
        on
            operative_counts.decision_id = cited_targets.decision_id
            and operative_counts.language = cited_targets.language

),

compared as (

    select
        decision_id,
        list(language order by language) as languages,
        list(operative_count order by language) as operative_counts,
        count(distinct operative_count) > 1 as operative_counts_differ,
        count(distinct targets) > 1 as cited_symbols_differ

    from versions
    group by decision_id
    having count(*) > 1

),

final as (

    select
        decision_id,
        languages,
        operative_counts,
        operative_counts_differ,
        cited_symbols_differ,
        operative_counts_differ or cited_symbols_differ as versions_disagree

    from compared

)

select * from final
