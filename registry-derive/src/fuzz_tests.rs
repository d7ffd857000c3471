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
    "sql_type",
    "max_length",
    "default",
    "unique",
    "index",
    "references",
    "refrences",
    "on_delete",
    "on_update",
    "use_alter",
    "check",
    "expr",
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

/// Strings the schema keys read: actions, `references` targets, SQL.
const SCHEMA_STRINGS: &[&str] = &[
    "cascade",
    "SET NULL",
    "set  null",
    "Set Default",
    "no action",
    "restrict",
    "cascde",
    "users.id",
    "app.users.id",
    "a.b.c.d",
    ".",
    "..",
    "users.",
    ".id",
    "users.i\"d",
    "NUMERIC(20, 0)",
    "CURRENT_TIMESTAMP",
    "amount > 0",
    " ",
];

/// Strings that stress the name rules and the error messages.
fn string(rng: &mut Rng) -> String {
    if rng.chance(4) {
        return rng.pick(SCHEMA_STRINGS).to_owned();
    }
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
    match rng.below(16) {
        // Lengths for `max_length`, at and past both ends of its range.
        14 => Literal::u64_unsuffixed(rng.pick(&[0, 1, 255, u64::from(u32::MAX), 1 << 32])),
        15 => Literal::from_str("340282366920938463463374607431768211456")
            .unwrap_or_else(|_| Literal::u8_unsuffixed(0)),
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

/// The inside of `index(...)`, `unique(...)` or `check(...)`: field names,
/// `name = ...`, `expr = ...` and the odd stray token.
fn list_items(rng: &mut Rng) -> TokenStream {
    let mut out = TokenStream::new();
    for index in 0..rng.below(5) {
        if index > 0 && !rng.chance(10) {
            out.extend(quote!(,));
        }
        let item = match rng.below(6) {
            0..=2 => {
                let field = ident(rng.pick(FIELD_NAMES));
                quote!(#field)
            }
            3 => {
                let value = literal(rng);
                quote!(name = #value)
            }
            4 => {
                let value = literal(rng);
                quote!(expr = #value)
            }
            _ => noise(rng, 1),
        };
        out.extend(item);
    }
    out
}

/// One `key`, `key = value`, `key(value)` or noise item of `#[model(...)]`.
fn meta_item(rng: &mut Rng) -> TokenStream {
    let key = ident(rng.pick(KEYS));
    if rng.chance(8) {
        let inner = list_items(rng);
        return quote!(#key(#inner));
    }
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
    if rng.chance(3) {
        attrs.extend(schema_lists(rng));
    }
    let key = ident(rng.pick(FIELD_NAMES));
    let column = if rng.chance(2) {
        let name = Literal::string(&string(rng));
        quote!(, column = #name)
    } else {
        quote!()
    };
    let mut fields = fields(rng);
    if rng.chance(2) {
        fields.extend(schema_field(rng));
    }
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

/// A string the schema keys accept more often than not.
fn schema_string(rng: &mut Rng) -> Literal {
    if rng.chance(3) {
        literal(rng)
    } else {
        Literal::string(rng.pick(SCHEMA_STRINGS))
    }
}

/// A field with well-formed schema keys and values that are right or
/// nearly, so the validation and the expansion of each key are reached.
fn schema_field(rng: &mut Rng) -> TokenStream {
    let mut items = Vec::new();
    for _ in 0..=rng.below(3) {
        let item = match rng.below(9) {
            0 => {
                let value = schema_string(rng);
                quote!(sql_type = #value)
            }
            1 => {
                let value = Literal::u64_unsuffixed(rng.pick(&[0, 1, 255, 1 << 32]));
                quote!(max_length = #value)
            }
            2 => {
                let value = schema_string(rng);
                quote!(default = #value)
            }
            3 => quote!(unique),
            4 => quote!(index),
            5 => {
                let value = path(rng);
                quote!(references = #value)
            }
            6 => {
                let value = if rng.chance(2) {
                    Literal::string(rng.pick(&["users.id", "app.users.id"]))
                } else {
                    schema_string(rng)
                };
                quote!(references = #value)
            }
            7 => {
                let key = ident(rng.pick(&["on_delete", "on_update"]));
                let value = schema_string(rng);
                quote!(#key = #value)
            }
            _ => quote!(use_alter),
        };
        items.push(item);
    }
    let name = ident(rng.pick(FIELD_NAMES));
    let ty = ty(rng);
    quote!(#[model(#(#items),*)] pub #name: #ty,)
}

/// `index(...)`, `unique(...)` and `check(...)` on the struct, mostly well
/// formed.
fn schema_lists(rng: &mut Rng) -> TokenStream {
    let field = |rng: &mut Rng| ident(rng.pick(FIELD_NAMES));
    let item = match rng.below(4) {
        0 | 1 => {
            let key = ident(rng.pick(&["index", "unique"]));
            let (a, b) = (field(rng), field(rng));
            if rng.chance(2) {
                let name = schema_string(rng);
                quote!(#key(#a, #b, name = #name))
            } else {
                quote!(#key(#a))
            }
        }
        2 => {
            let (name, expr) = (schema_string(rng), schema_string(rng));
            quote!(check(name = #name, expr = #expr))
        }
        _ => {
            let inner = list_items(rng);
            let key = ident(rng.pick(&["index", "unique", "check"]));
            quote!(#key(#inner))
        }
    };
    quote!(#[model(#item)])
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
            #[model(table = "orders", index(customer, created_at))]
            #[model(unique(customer, number, name = "uq_orders_number"))]
            #[model(check(name = "positive", expr = "amount > 0"))]
            pub struct Order {
                #[model(primary_key)]
                pub id: i64,
                #[model(references = Customer, on_delete = "cascade", on_update = "NO ACTION")]
                pub customer: i64,
                #[model(references = Self, on_delete = "set null", use_alter)]
                pub parent: Option<i64>,
                #[model(references = "app.coupons.code")]
                pub coupon: String,
                #[model(max_length = 32, unique, index)]
                pub number: String,
                #[model(sql_type = "NUMERIC(20, 0)", default = "0")]
                pub amount: Money,
                #[model(default = "CURRENT_TIMESTAMP", index)]
                pub created_at: i64,
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
/// table. Returns the expansion if it has no errors.
fn expands_cleanly(input: &TokenStream) -> Option<String> {
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
    (!errors).then(|| output.to_string())
}

/// What accepted expansions contained: the inputs must reach the code
/// that writes each part of the schema, not only the errors.
#[derive(Debug, Default)]
struct Reached {
    accepted: usize,
    custom_sql_types: usize,
    max_lengths: usize,
    defaults: usize,
    model_keys: usize,
    column_keys: usize,
    indexes: usize,
    uniques: usize,
    checks: usize,
}

impl Reached {
    fn count(&mut self, output: &str) {
        self.accepted += 1;
        let has = |needle: &str| usize::from(output.contains(needle));
        self.custom_sql_types += has("SqlType :: Custom");
        self.max_lengths += has("SqlType :: Varchar");
        // A default follows the primary-key flag; a schema follows no bool.
        self.defaults += has("e , :: core :: option :: Option :: Some (\"");
        self.model_keys += has("ForeignKeyTarget :: Model");
        self.column_keys += has("ForeignKeyTarget :: Column");
        self.indexes += has("__private :: index");
        self.uniques += has("__private :: unique");
        self.checks += has("__private :: check");
    }

    fn all(&self) -> bool {
        [
            self.accepted,
            self.custom_sql_types,
            self.max_lengths,
            self.defaults,
            self.model_keys,
            self.column_keys,
            self.indexes,
            self.uniques,
            self.checks,
        ]
        .iter()
        .all(|&count| count > 0)
    }
}

#[test]
fn generated_inputs_give_code_or_errors() {
    let mut rng = Rng(0x5eed_0001);
    let mut reached = Reached::default();
    for _ in 0..CASES {
        if let Some(output) = expands_cleanly(&random_input(&mut rng)) {
            reached.count(&output);
        }
    }
    // The generator must reach the code paths too, not only the errors.
    assert!(
        reached.all(),
        "generated inputs left a part unreached: {reached:?}"
    );
}

#[test]
fn mutated_valid_inputs_give_code_or_errors() {
    let mut rng = Rng(0x5eed_0002);
    let valid = valid_inputs();
    for tokens in &valid {
        assert!(
            expands_cleanly(&tokens.iter().cloned().collect()).is_some(),
            "the seeds must be valid"
        );
    }
    let mut reached = Reached::default();
    for _ in 0..CASES {
        let mut tokens = valid[rng.below(valid.len())].clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut rng, &mut tokens);
        }
        if let Some(output) = expands_cleanly(&tokens.into_iter().collect()) {
            reached.count(&output);
        }
    }
    assert!(
        reached.all(),
        "mutated inputs left a part unreached: {reached:?}"
    );
}
