//! "Did you mean" suggestions for misspelled keys, actions and field names.

/// One edit (insert, delete, substitute or swap adjacent) apart: the
/// optimal-string-alignment distance is 1. Hand-written rather than taken
/// from `strsim`, which every build of a user's crate would compile for
/// these few lines.
pub(crate) fn is_close(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match a.len().abs_diff(b.len()) {
        0 => a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..]),
        1 => a.get(1..) == Some(b) || b.get(1..) == Some(a),
        _ => false,
    }
}

/// The first of `candidates` one edit away from `word`.
pub(crate) fn first_close<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .find(|candidate| is_close(word, candidate))
}

#[cfg(test)]
mod tests {
    use super::is_close;

    #[test]
    fn close_keys() {
        assert!(is_close("tabel", "table"));
        assert!(is_close("tables", "table"));
        assert!(is_close("tabe", "table"));
        assert!(is_close("schema", "schemo"));
        assert!(is_close("primarykey", "primary_key"));
        assert!(!is_close("table", "table"));
        assert!(!is_close("name", "table"));
        assert!(!is_close("", "skip"));
    }

    /// The optimal-string-alignment distance, by its textbook recurrence.
    fn osa_distance(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        d[a.len()][b.len()]
    }

    /// Every pair of words of up to 4 letters over a small alphabet.
    #[test]
    fn close_means_one_edit_apart() {
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words
                .iter()
                .flat_map(|word| ["a", "b", "é"].map(|c| format!("{word}{c}")))
                .collect();
            words.extend(longer);
        }
        words.sort();
        words.dedup();
        for a in &words {
            let a_chars: Vec<char> = a.chars().collect();
            for b in &words {
                let b_chars: Vec<char> = b.chars().collect();
                assert_eq!(
                    is_close(a, b),
                    osa_distance(&a_chars, &b_chars) == 1,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
