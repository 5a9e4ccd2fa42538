WITH source AS (
  SELECT CAST(`label` AS BIGINT) AS label_index, CAST(`logits` AS ARRAY<DOUBLE>) AS scores
  FROM `logs`.`predictions`
),
measured AS (
  SELECT label_index, scores, size(scores) AS class_count,
    array_max(scores) AS row_max, aggregate(scores, CAST(0 AS DOUBLE), (acc, x) -> acc + CASE WHEN x - x = 0 THEN 0 ELSE 1 END) AS non_finite
  FROM source
),
checked AS (
  SELECT label_index, scores, class_count, row_max,
    CASE WHEN class_count >= 2 AND non_finite = 0 THEN 1 ELSE 0 END AS scores_valid,
    CASE WHEN label_index >= 0 AND label_index < class_count THEN 1 ELSE 0 END AS label_valid
  FROM measured
),
shifted AS (
  SELECT scores, row_max,
    element_at(scores, CAST(label_index AS INT) + 1) - row_max AS label_shift,
    aggregate(scores, CAST(0 AS DOUBLE), (acc, x) -> acc + CASE WHEN x < row_max THEN EXP(CAST(0.6666666666666666 AS DOUBLE) * (x - row_max)) ELSE 0 END) AS rest_below,
    aggregate(scores, CAST(0 AS DOUBLE), (acc, x) -> acc + CASE WHEN x = row_max THEN 1 ELSE 0 END) - 1 AS other_maxima,
    aggregate(scores, CAST(0 AS DOUBLE), (acc, x) -> acc + EXP(CAST(0.6666666666666666 AS DOUBLE) * (x - row_max)) * (x - row_max)) AS first_moment
  FROM checked
  WHERE scores_valid = 1 AND label_valid = 1
),
moments AS (
  SELECT scores, row_max, label_shift, rest_below + other_maxima AS rest,
    first_moment / (1 + (rest_below + other_maxima)) AS mean
  FROM shifted
),
spread AS (
  SELECT label_shift, rest, mean,
    aggregate(scores, CAST(0 AS DOUBLE), (acc, x) -> acc + EXP(CAST(0.6666666666666666 AS DOUBLE) * (x - row_max)) * (x - row_max - mean) * (x - row_max - mean))
      / (1 + rest) AS variance
  FROM moments
),
terms AS (
  SELECT CASE WHEN rest < 0.01 THEN rest * (1 - rest * (0.5 - rest * (CAST(1 AS DOUBLE) / 3 - rest * (0.25 - rest * (0.2 - rest * (CAST(1 AS DOUBLE) / 6 - rest * (CAST(1 AS DOUBLE) / 7 - rest * (0.125)))))))) ELSE LN(1 + rest) END - CAST(0.6666666666666666 AS DOUBLE) * label_shift AS nll,
    mean - label_shift AS slope, variance
  FROM spread
)
SELECT totals.*, checks.*
FROM (
  SELECT COUNT(*) AS row_count, SUM(nll) AS nll_sum,
    SUM(LEAST(nll, CAST(34.538776394910684 AS DOUBLE))) AS capped_nll_sum,
    SUM(-CAST(0.6666666666666666 AS DOUBLE) * slope) AS derivative_sum, SUM(CAST(0.6666666666666666 AS DOUBLE) * slope + CAST(0.6666666666666666 AS DOUBLE) * CAST(0.6666666666666666 AS DOUBLE) * variance) AS second_derivative_sum
  FROM terms
) AS totals CROSS JOIN (
  SELECT COUNT(*) AS input_rows, CAST(COALESCE(SUM(1 - scores_valid), 0) AS BIGINT) AS invalid_scores, CAST(COALESCE(SUM(scores_valid * (1 - label_valid)), 0) AS BIGINT) AS invalid_labels, MIN(CASE WHEN scores_valid = 1 THEN class_count END) AS min_classes, MAX(CASE WHEN scores_valid = 1 THEN class_count END) AS max_classes
  FROM checked
) AS checks
