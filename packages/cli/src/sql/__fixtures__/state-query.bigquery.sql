WITH source AS (
  SELECT CAST(`label` AS INT64) AS label_index, ARRAY(SELECT CAST(x AS FLOAT64) FROM UNNEST(`logits`) AS x WITH OFFSET AS x_offset ORDER BY x_offset) AS scores
  FROM `logs`.`predictions`
),
measured AS (
  SELECT label_index, scores, ARRAY_LENGTH(scores) AS class_count,
    (SELECT MAX(x) FROM UNNEST(scores) AS x) AS row_max, (SELECT SUM(CASE WHEN x - x = 0 THEN 0 ELSE 1 END) FROM UNNEST(scores) AS x) AS non_finite
  FROM source
),
checked AS (
  SELECT label_index, scores, class_count, row_max,
    CASE WHEN class_count >= 2 AND non_finite = 0 THEN 1 ELSE 0 END AS scores_valid,
    CASE WHEN label_index >= 0 AND label_index < class_count THEN 1 ELSE 0 END AS label_valid
  FROM measured
),
scored AS (
  SELECT label_index, scores, row_max,
    (SELECT MIN(x_offset) FROM UNNEST(scores) AS x WITH OFFSET AS x_offset WHERE x = row_max) AS prediction,
    (SELECT SUM(EXP(x - row_max)) FROM UNNEST(scores) AS x) AS row_total,
    scores[SAFE_OFFSET(label_index)] AS label_score
  FROM checked
  WHERE scores_valid = 1 AND label_valid = 1
),
top_label AS (
  SELECT label_index, scores, row_max, row_total,
    CASE WHEN prediction = label_index THEN 1 ELSE 0 END AS hit,
    CAST(1 AS FLOAT64) / row_total AS confidence,
    LN(row_total) - (label_score - row_max) AS nll
  FROM scored
),
top_guess AS (
  SELECT hit, confidence, nll, LEAST(GREATEST(CAST(CEIL(confidence * CAST(15 AS FLOAT64)) AS INT64) - 1, 0), 14) AS bin_guess
  FROM top_label
),
top_binned AS (
  SELECT hit, confidence, nll, CASE WHEN bin_guess > 0 AND confidence <= CAST(bin_guess AS FLOAT64) / CAST(15 AS FLOAT64) THEN bin_guess - 1 WHEN bin_guess < 14 AND confidence > CAST(bin_guess + 1 AS FLOAT64) / CAST(15 AS FLOAT64) THEN bin_guess + 1 ELSE bin_guess END AS bin_index
  FROM top_guess
),
cells AS (
  SELECT label_index, row_max, row_total, element, element_index
  FROM top_label CROSS JOIN UNNEST(top_label.scores) AS element WITH OFFSET AS element_index
),
cell_scored AS (
  SELECT element_index AS class_index, EXP(element - row_max) / row_total AS probability,
    CASE WHEN element_index = label_index THEN 1 ELSE 0 END AS positive
  FROM cells
),
cell_guess AS (
  SELECT class_index, probability, positive, LEAST(GREATEST(CAST(CEIL(probability * CAST(15 AS FLOAT64)) AS INT64) - 1, 0), 14) AS bin_guess
  FROM cell_scored
),
cell_binned AS (
  SELECT class_index, probability, positive, CASE WHEN bin_guess > 0 AND probability <= CAST(bin_guess AS FLOAT64) / CAST(15 AS FLOAT64) THEN bin_guess - 1 WHEN bin_guess < 14 AND probability > CAST(bin_guess + 1 AS FLOAT64) / CAST(15 AS FLOAT64) THEN bin_guess + 1 ELSE bin_guess END AS bin_index
  FROM cell_guess
)
SELECT 'input' AS part, CAST(NULL AS INT64) AS class_index, CAST(NULL AS INT64) AS bin_index, COUNT(*) AS row_count,
  CAST(NULL AS INT64) AS hit_count, CAST(NULL AS FLOAT64) AS score_sum, CAST(NULL AS FLOAT64) AS nll_sum,
  CAST(NULL AS FLOAT64) AS brier_sum, CAST(COALESCE(SUM(1 - scores_valid), 0) AS INT64) AS invalid_scores, CAST(COALESCE(SUM(scores_valid * (1 - label_valid)), 0) AS INT64) AS invalid_labels, MIN(CASE WHEN scores_valid = 1 THEN class_count END) AS min_classes, MAX(CASE WHEN scores_valid = 1 THEN class_count END) AS max_classes, CAST(15 AS INT64) AS bins
FROM checked
UNION ALL
SELECT 'top', CAST(NULL AS INT64), bin_index, COUNT(*), SUM(hit), SUM(confidence), SUM(nll), CAST(NULL AS FLOAT64),
  CAST(NULL AS INT64), CAST(NULL AS INT64), CAST(NULL AS INT64), CAST(NULL AS INT64), CAST(NULL AS INT64)
FROM top_binned
GROUP BY bin_index
UNION ALL
SELECT 'class', class_index, bin_index, COUNT(*), SUM(positive), SUM(probability), CAST(NULL AS FLOAT64),
  SUM((probability - positive) * (probability - positive)),
  CAST(NULL AS INT64), CAST(NULL AS INT64), CAST(NULL AS INT64), CAST(NULL AS INT64), CAST(NULL AS INT64)
FROM cell_binned
GROUP BY class_index, bin_index
ORDER BY part, class_index, bin_index
