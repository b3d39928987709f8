-- One row per decision_id, merging its texts in every language and document: attributes and paragraph counts
-- from the first text, the English title when an English text exists, the sorted list of languages.
with

decision_texts as (

    select * from {{ ref('int_decision_texts__ranked') }}

),

paragraphs as (

    select * from {{ ref('stg_parsed__paragraphs') }}

),

first_texts as (

    select * from decision_texts
    where is_first_text

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

first_text_counts as (

    -- A paragraph with sub-paragraphs is one paragraph: count distinct numbers of the parent rows.
    select
        first_texts.decision_id,
        count(distinct paragraphs.number) filter (
            where paragraphs.kind = 'preambular' and paragraphs.subparagraph is null
        ) as preambular_count,
        count(distinct paragraphs.number) filter (
            where paragraphs.kind = 'operative' and paragraphs.subparagraph is null
        ) as operative_count

    from first_texts
    left join paragraphs
        on
            first_texts.decision_id = paragraphs.decision_id
            and first_texts.document_id = paragraphs.document_id
            and first_texts.language = paragraphs.language
    group by first_texts.decision_id

),

final as (

    select
        first_texts.decision_id,
        first_texts.symbol,
        first_texts.symbol_as_written,
        first_texts.body,
        first_texts.meeting_id,
        first_texts.number,
        first_texts.status,
        first_texts.title,
        english_titles.title_en,
        decision_languages.languages,
        first_texts.document_id,
        first_text_counts.preambular_count,
        first_text_counts.operative_count,
        first_texts.language,
        first_texts.position

    from first_texts
    left join english_titles
        on first_texts.decision_id = english_titles.decision_id
    left join decision_languages
        on first_texts.decision_id = decision_languages.decision_id
    left join first_text_counts
        on first_texts.decision_id = first_text_counts.decision_id

)

select * from final
