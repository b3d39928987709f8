-- One row per decision_id, merging its texts in every language and document: attributes and paragraph counts
-- from the preferred text (int_decision_texts__ranked: English first, then fr es ru zh ar, then the first seen),
-- the title in the preferred language that has one (title_language says which), the English title when an
-- English text exists, the sorted list of languages.
with

decision_texts as (

    select * from {{ ref('int_decision_texts__ranked') }}

),

paragraphs as (

    select * from {{ ref('stg_parsed__paragraphs') }}

),

preferred_texts as (

    select * from decision_texts
    where is_preferred_text

),

preferred_titles as (

    select
        decision_id,
        title,
        language as title_language

    from decision_texts
    where title is not null
    qualify row_number() over (partition by decision_id order by preference_rank) = 1

),

english_titles as (

    select
        decision_id,
        title as title_en

    from decision_texts
    where language = 'en' and title is not null
    qualify row_number() over (partition by decision_id order by text_rank) = 1

),

decision_languages as (

    select
        decision_id,
        list(distinct language order by language) as languages

    from decision_texts
    group by decision_id

),

preferred_text_counts as (

    -- A paragraph with sub-paragraphs is one paragraph: count distinct numbers of the parent rows.
    select
        preferred_texts.decision_id,
        count(distinct paragraphs.number) filter (
            where paragraphs.kind = 'preambular' and paragraphs.subparagraph is null
        ) as preambular_count,
        count(distinct paragraphs.number) filter (
            where paragraphs.kind = 'operative' and paragraphs.subparagraph is null
        ) as operative_count

    from preferred_texts
    left join paragraphs
        on
            preferred_texts.decision_id = paragraphs.decision_id
            and preferred_texts.document_id = paragraphs.document_id
            and preferred_texts.language = paragraphs.language
    group by preferred_texts.decision_id

),

final as (

    select
        preferred_texts.decision_id,
        preferred_texts.symbol,
        preferred_texts.symbol_as_written,
        preferred_texts.body,
        preferred_texts.meeting_id,
        preferred_texts.number,
        preferred_texts.status,
        preferred_titles.title,
        english_titles.title_en,
        decision_languages.languages,
        preferred_texts.document_id,
        preferred_text_counts.preambular_count,
        preferred_text_counts.operative_count,
        preferred_texts.language,
        preferred_texts.position,
        preferred_titles.title_language

    from preferred_texts
    left join preferred_titles
        on preferred_texts.decision_id = preferred_titles.decision_id
    left join english_titles
        on preferred_texts.decision_id = english_titles.decision_id
    left join decision_languages
        on preferred_texts.decision_id = decision_languages.decision_id
    left join preferred_text_counts
        on preferred_texts.decision_id = preferred_text_counts.decision_id

)

select * from final
