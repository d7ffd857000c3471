//! The derive never panics: generated and mutated inputs, each expanded
//! outside the compiler, must give either code or `compile_error!`s that
//! parse as a file of items.
//!
//! Deterministic (fixed seeds, a small xorshift generator) so a failure is
//! reproduced by rerunning the test; the failing input is printed.

use core::str::FromStr;
use std::panic::{self, AssertUnwindSafe};

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

use crate::expand::derive;

/// Half of the inputs each test feeds to the derive; two tests run in
/// parallel, so 100,000 in all.
const CASES: usize = 50_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("below n")
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "table",
    "schema",
    "metadata",
    "crate",
    "primary_key",
    "column",
    "skip",
    "tabel",
    "primarykey",
    "name",
    "r#type",
    "self",
    "super",
    "Self",
    "größe",
    "model",
];

const PATHS: &[&str] = &[
    "crate::PLATFORM",
    "::model_registry",
    "PLATFORM",
    "self::db::PLATFORM",
    "super::X",
    "a::b::<T>",
    "<T as Trait>::X",
    "Self",
];

/// Strings that stress the name rules and the error messages.
fn string(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => String::new(),
        1 => "users".to_owned(),
        2 => "x".repeat(63),
        3 => "x".repeat(64),
        4 => "é".repeat(32),
        5 => "ünïcödé_tàblé".to_owned(),
        6 => " users".to_owned(),
        7 => "users ".to_owned(),
        8 => "a\"b'c`d".to_owned(),
        9 => "nul\0tab\tnewline\n\u{7f}".to_owned(),
        // Very long now and then: every use escapes and re-parses it.
        10 if rng.chance(8) => "🦀".repeat(2_000),
        10 => "🦀".repeat(rng.below(40)),
        _ => {
            let alphabet = [
                'a', 'A', 'é', 'É', 'ß', ' ', '_', '"', '\\', '\n', '\u{0}', '🦀',
            ];
            (0..rng.below(80)).map(|_| rng.pick(&alphabet)).collect()
        }
    }
}

fn literal(rng: &mut Rng) -> Literal {
    let text = string(rng);
    match rng.below(14) {
        0..=4 => Literal::string(&text),
        5 => Literal::byte_string(text.as_bytes()),
        6 => Literal::character(text.chars().next().unwrap_or('x')),
        7 => Literal::u8_suffixed(7),
        8 => Literal::i64_unsuffixed(-1),
        9 => Literal::f64_unsuffixed(1.5),
        _ => {
            let source = match rng.below(8) {
                0 => format!("r\"{text}\""),
                1 => format!("r#\"{text}\"#"),
                2 => format!("br\"{text}\""),
                3 => "\"users\"suffix".to_owned(),
                4 => "c\"users\"".to_owned(),
                5 => "b'x'".to_owned(),
                6 => "1e10f32".to_owned(),
                _ => "0xFF_u128".to_owned(),
            };
            // A source the lexer rejects stands for nothing: use a plain string.
            Literal::from_str(&source).unwrap_or_else(|_| Literal::string(&text))
        }
    }
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

fn path(rng: &mut Rng) -> TokenStream {
    thread_local! {
        static PARSED: Vec<TokenStream> = PATHS
            .iter()
            .map(|path| TokenStream::from_str(path).expect("a valid path"))
            .collect();
    }
    let index = rng.below(PATHS.len());
    PARSED.with(|parsed| parsed[index].clone())
}

fn punct(rng: &mut Rng) -> TokenTree {
    let (c, spacing) = rng.pick(&[
        ('=', Spacing::Alone),
        (',', Spacing::Alone),
        (':', Spacing::Joint),
        (':', Spacing::Alone),
        ('#', Spacing::Alone),
        ('!', Spacing::Alone),
        ('-', Spacing::Alone),
        ('.', Spacing::Alone),
        (';', Spacing::Alone),
        ('<', Spacing::Alone),
        ('>', Spacing::Alone),
        ('&', Spacing::Alone),
        ('\'', Spacing::Joint),
    ]);
    TokenTree::Punct(Punct::new(c, spacing))
}

fn delimiter(rng: &mut Rng) -> Delimiter {
    rng.pick(&[
        Delimiter::Parenthesis,
        Delimiter::Bracket,
        Delimiter::Brace,
        Delimiter::None,
    ])
}

/// Anything at all, from the vocabulary: the contents of a broken attribute.
fn noise(rng: &mut Rng, depth: usize) -> TokenStream {
    let mut out = TokenStream::new();
    for _ in 0..rng.below(8) {
        let tree: TokenStream = match rng.below(6) {
            0 => TokenTree::Ident(ident(rng.pick(KEYS))).into(),
            1 => TokenTree::Literal(literal(rng)).into(),
            2 | 3 => punct(rng).into(),
            4 => path(rng),
            _ if depth > 0 => {
                TokenTree::Group(Group::new(delimiter(rng), noise(rng, depth - 1))).into()
            }
            _ => TokenTree::Punct(Punct::new(',', Spacing::Alone)).into(),
        };
        out.extend(tree);
    }
    out
}

/// One `key`, `key = value`, `key(value)` or noise item of `#[model(...)]`.
fn meta_item(rng: &mut Rng) -> TokenStream {
    let key = ident(rng.pick(KEYS));
    match rng.below(8) {
        0 => quote!(#key),
        1..=3 => {
            let value = literal(rng);
            quote!(#key = #value)
        }
        4 => {
            let value = path(rng);
            quote!(#key = #value)
        }
        5 => {
            let inner = noise(rng, 1);
            quote!(#key(#inner))
        }
        6 => {
            let inner = noise(rng, 1);
            quote!(#key = #inner)
        }
        _ => noise(rng, 2),
    }
}

fn model_attribute(rng: &mut Rng) -> TokenStream {
    let mut items = TokenStream::new();
    for index in 0..rng.below(5) {
        if index > 0 && !rng.chance(10) {
            items.extend(quote!(,));
        }
        items.extend(meta_item(rng));
    }
    if rng.chance(6) {
        items.extend(quote!(,));
    }
    match rng.below(12) {
        0 => quote!(#[model]),
        1 => {
            let value = literal(rng);
            quote!(#[model = #value])
        }
        2 => quote!(#[model::inner(#items)]),
        3 => quote!(#[model[#items]]),
        4 => quote!(#[other(#items)]),
        5 => quote!(#[doc = "a model"]),
        _ => quote!(#[model(#items)]),
    }
}

fn attributes(rng: &mut Rng) -> TokenStream {
    let mut out = TokenStream::new();
    for _ in 0..rng.below(4) {
        out.extend(model_attribute(rng));
    }
    out
}

const TYPES: &[&str] = &[
    "i64",
    "String",
    "Option<String>",
    "Option<>",
    "Option<i32, i64>",
    "std::option::Option<Vec<u8>>",
    "&'static str",
    "[u8; 32]",
    "(i32, String)",
    "Box<dyn Fn(u8) -> u8 + Send>",
    "<T as Trait>::Output",
    "impl Copy",
    "fn() -> !",
    "T",
];

fn ty(rng: &mut Rng) -> TokenStream {
    thread_local! {
        static PARSED: Vec<TokenStream> = TYPES
            .iter()
            .map(|ty| TokenStream::from_str(ty).expect("a valid type"))
            .collect();
    }
    let index = rng.below(TYPES.len());
    PARSED.with(|parsed| parsed[index].clone())
}

const FIELD_NAMES: &[&str] = &[
    "id",
    "user_id",
    "r#type",
    "größe",
    "Id",
    "ID",
    "a_field_name_that_is_far_too_long_to_be_a_column_in_postgresql_at_all",
];

fn fields(rng: &mut Rng) -> TokenStream {
    let mut out = TokenStream::new();
    for _ in 0..rng.below(5) {
        let attrs = attributes(rng);
        let name = ident(rng.pick(FIELD_NAMES));
        let ty = ty(rng);
        let vis = if rng.chance(2) { quote!(pub) } else { quote!() };
        out.extend(quote!(#attrs #vis #name: #ty,));
    }
    out
}

/// A struct that is nearly right: a table and a key, with odd names and
/// extra attributes now and then, so the code path is reached too.
fn plausible_input(rng: &mut Rng) -> TokenStream {
    let table = Literal::string(&string(rng));
    let mut attrs = quote!(#[model(table = #table)]);
    if rng.chance(3) {
        let schema = Literal::string(&string(rng));
        attrs.extend(quote!(#[model(schema = #schema)]));
    }
    if rng.chance(3) {
        attrs.extend(model_attribute(rng));
    }
    let key = ident(rng.pick(FIELD_NAMES));
    let column = if rng.chance(2) {
        let name = Literal::string(&string(rng));
        quote!(, column = #name)
    } else {
        quote!()
    };
    let fields = fields(rng);
    let name = ident(rng.pick(&["User", "r#type", "Größe"]));
    quote! {
        #attrs
        pub struct #name {
            #[model(primary_key #column)]
            pub #key: i64,
            #fields
        }
    }
}

/// A whole derive input: any item shape, with generated attributes.
fn random_input(rng: &mut Rng) -> TokenStream {
    if rng.chance(3) {
        return plausible_input(rng);
    }
    let attrs = attributes(rng);
    let name = ident(rng.pick(&["User", "r#type", "Größe", "Self_"]));
    let generics = match rng.below(6) {
        0 => quote!(<T>),
        1 => quote!(<'a, T: Copy>),
        2 => quote!(<const N: usize>),
        _ => quote!(),
    };
    let where_clause = if rng.chance(6) {
        quote!(where T: Copy)
    } else {
        quote!()
    };
    let fields = fields(rng);
    match rng.below(8) {
        0 => quote!(#attrs pub enum #name #generics #where_clause { A, B(i64), C { #fields } }),
        1 => quote!(#attrs pub union #name #generics #where_clause { #fields }),
        2 => quote!(#attrs pub struct #name #generics (pub i64, String) #where_clause;),
        3 => quote!(#attrs pub struct #name #generics #where_clause;),
        4 => {
            let junk = noise(rng, 2);
            quote!(#attrs pub struct #name #junk)
        }
        _ => quote!(#attrs pub struct #name #generics #where_clause { #fields }),
    }
}

/// Inputs the derive accepts, to be mutated.
fn valid_inputs() -> Vec<Vec<TokenTree>> {
    [
        quote! {
            #[model(table = "users", metadata = crate::PLATFORM, schema = "app")]
            pub struct User {
                #[model(primary_key)]
                pub id: i64,
                #[model(column = "mail")]
                pub email: String,
                pub nickname: Option<String>,
                #[model(skip)]
                pub cache: Vec<u8>,
            }
        },
        quote! {
            #[derive(Debug)]
            #[model(crate = ::model_registry)]
            #[model(table = r"größe")]
            struct Sizes {
                #[model(primary_key, column = "id")]
                r#type: i64,
                #[model(primary_key)]
                größe: i32,
            }
        },
    ]
    .into_iter()
    .map(|tokens| tokens.into_iter().collect())
    .collect()
}

/// Deletes, duplicates, swaps or replaces one token, at any depth.
fn mutate(rng: &mut Rng, tokens: &mut Vec<TokenTree>) {
    let groups: Vec<usize> = (0..tokens.len())
        .filter(|&i| matches!(tokens[i], TokenTree::Group(_)))
        .collect();
    if !groups.is_empty() && rng.chance(2) {
        let index = rng.pick(&groups);
        if let TokenTree::Group(group) = &tokens[index] {
            let mut inner: Vec<TokenTree> = group.stream().into_iter().collect();
            mutate(rng, &mut inner);
            let delimiter = if rng.chance(20) {
                delimiter(rng)
            } else {
                group.delimiter()
            };
            tokens[index] = TokenTree::Group(Group::new(delimiter, inner.into_iter().collect()));
        }
        return;
    }
    let len = tokens.len();
    match rng.below(5) {
        _ if len == 0 => tokens.extend(noise(rng, 1)),
        0 => {
            tokens.remove(rng.below(len));
        }
        1 => {
            let index = rng.below(len);
            tokens.insert(index, tokens[index].clone());
        }
        2 => tokens.swap(rng.below(len), rng.below(len)),
        3 => {
            let index = rng.below(len);
            tokens[index] = TokenTree::Literal(literal(rng));
        }
        _ => {
            let index = rng.below(len);
            let replacement: Vec<TokenTree> = noise(rng, 1).into_iter().collect();
            tokens.splice(index..=index, replacement);
        }
    }
}

/// Expands `input`, failing the test with the input if the derive panics
/// or writes something that is neither code nor `compile_error!`s: every
/// item must parse, and an expansion without errors must register the
/// table. Returns whether the expansion reports errors.
fn expands_cleanly(input: &TokenStream) -> bool {
    let Ok(output) = panic::catch_unwind(AssertUnwindSafe(|| derive(input.clone()))) else {
        panic!("the derive panicked on:\n{input}");
    };
    let file = match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => file,
        Err(error) => panic!("the expansion of\n{input}\ndoes not parse ({error}):\n{output}"),
    };
    let errors = file.items.iter().any(|item| {
        matches!(item, syn::Item::Macro(item) if item.mac.path.segments.last()
            .is_some_and(|segment| segment.ident == "compile_error"))
    });
    // The registration is the `const _: () = { ... };` block.
    let registers = file
        .items
        .iter()
        .any(|item| matches!(item, syn::Item::Const(item) if item.ident == "_"));
    assert!(
        errors != registers,
        "an expansion must either report errors or register the table, not {}:\n{input}\n=>\n{output}",
        if errors { "both" } else { "neither" }
    );
    errors
}

#[test]
fn generated_inputs_give_code_or_errors() {
    let mut rng = Rng(0x5eed_0001);
    let mut accepted = 0;
    for _ in 0..CASES {
        if !expands_cleanly(&random_input(&mut rng)) {
            accepted += 1;
        }
    }
    // The generator must reach the code path too, not only the errors.
    assert!(accepted > 0, "no generated input was accepted");
}

#[test]
fn mutated_valid_inputs_give_code_or_errors() {
    let mut rng = Rng(0x5eed_0002);
    let valid = valid_inputs();
    for tokens in &valid {
        assert!(
            !expands_cleanly(&tokens.iter().cloned().collect()),
            "the seeds must be valid"
        );
    }
    let mut accepted = 0;
    for _ in 0..CASES {
        let mut tokens = valid[rng.below(valid.len())].clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut rng, &mut tokens);
        }
        if !expands_cleanly(&tokens.into_iter().collect()) {
            accepted += 1;
        }
    }
    assert!(accepted > 0, "no mutated input was accepted");
}
