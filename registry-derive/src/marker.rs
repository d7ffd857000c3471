//! The marker types that carry a crate's uniqueness impls.
//!
//! Every model implements `TableDefinedTwiceInThisCrate<{ table_key(..) }>`
//! for a marker type of its crate, so that two models with one table are a
//! conflicting implementation (E0119). rustc compares the impls of one self
//! type pair by pair: with a single marker, `cargo check` of a crate grew
//! with the square of its models (3.3 s of a 1,000-model crate went there).
//! `models!()` therefore declares [`MARKERS`] markers and each model picks
//! one by a hash of its table name folded to ASCII lower case, the folding
//! `table_key` uses: two models with one table always pick the same marker,
//! and a crate's impls spread evenly over the rest.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// How many marker types `models!()` declares.
const MARKERS: u32 = 256;

/// The marker a model with this table name implements its uniqueness impl
/// for; the schema and metadata are left out, so that a schema given by the
/// metadata (unknown at expansion) cannot split one key over two markers.
pub(crate) fn for_table(table: &str) -> Ident {
    // FNV-1a, 32 bits.
    let hash = table.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte.to_ascii_lowercase())).wrapping_mul(0x0100_0193)
    });
    name(hash % MARKERS)
}

fn name(index: u32) -> Ident {
    Ident::new(&format!("ThisCrate{index:02X}"), Span::call_site())
}

/// The markers' declarations, for `models!()`.
pub(crate) fn declarations() -> TokenStream {
    let names = (0..MARKERS).map(name);
    quote!(#(pub(crate) struct #names;)*)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differing_in_ascii_case_share_a_marker() {
        assert_eq!(for_table("Users"), for_table("users"));
        assert_eq!(for_table("ORDER_LINES"), for_table("order_lines"));
    }

    #[test]
    fn every_marker_a_table_can_pick_is_declared() {
        let declared = declarations().to_string();
        for i in 0..10_000 {
            let marker = for_table(&format!("t_{i:06}")).to_string();
            assert!(declared.contains(&format!("struct {marker} ;")), "{marker}");
        }
    }

    #[test]
    fn tables_spread_over_the_markers() {
        let mut counts = vec![0_u32; MARKERS as usize];
        for i in 0..25_600 {
            let marker = for_table(&format!("t_{i:06}")).to_string();
            let index = u32::from_str_radix(&marker["ThisCrate".len()..], 16).unwrap();
            counts[index as usize] += 1;
        }
        // 100 a marker on average; no marker gets more than twice that.
        assert!(
            counts.iter().all(|&count| count > 0 && count < 200),
            "{counts:?}"
        );
    }
}
