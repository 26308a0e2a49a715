//! Turns a `Serialize` value into the Rust expression that builds it, so knowledge can be
//! compiled into the binary (as ICU4X's databake does for its data).
//!
//! The model's conventions make this possible without type information: strings are
//! `Text`/id newtypes, sequences are `List`s of `&[...]`, enums are unit variants whose serde
//! names are the kebab-case of their Rust names, and struct fields keep their Rust names.

use std::fmt;

use serde::ser::{self, Serialize};

/// Why a value cannot be written as Rust.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// The Rust expression for `value`, laid out over lines of at most about 100 columns.
pub fn to_rust<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    value.serialize(Baker)
}

const WIDTH: usize = 100;

/// Joins parts inline when short, else one per line, indented.
fn layout(open: &str, parts: &[String], close: &str) -> String {
    if parts.is_empty() {
        return format!("{open}{close}").replace("  ", " ").replace("{ }", "{}");
    }
    let inline = parts.join(", ");
    if !inline.contains('\n') && open.len() + inline.len() + close.len() <= WIDTH {
        return format!("{open}{inline}{close}");
    }
    let mut out = String::from(open.trim_end());
    out.push('\n');
    for part in parts {
        for line in part.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
        out.pop();
        out.push_str(",\n");
    }
    out.push_str(close.trim_start());
    out
}

fn camel(kebab: &str) -> String {
    kebab
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

struct Baker;

/// Collects the parts of a sequence or struct.
struct Parts {
    open: String,
    close: &'static str,
    parts: Vec<String>,
}

impl Parts {
    fn finish(self) -> Result<String, Error> {
        Ok(layout(&self.open, &self.parts, self.close))
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("{what} cannot be baked; use the model's Text/List/unit-enum conventions")))
}

impl ser::Serializer for Baker {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Parts;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = Parts;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_bool(self, v: bool) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, Error> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<String, Error> {
        if v.is_finite() { Ok(format!("{v:?}")) } else { Err(Error(format!("{v} is not a finite number"))) }
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(format!("{v:?}"))
    }
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(format!("{v:?}"))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<String, Error> {
        Ok("None".into())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        Ok(format!("Some({})", value.serialize(Baker)?))
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Ok("()".into())
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<String, Error> {
        Ok(name.into())
    }
    fn serialize_unit_variant(self, name: &'static str, _: u32, variant: &'static str) -> Result<String, Error> {
        Ok(format!("{name}::{}", camel(variant)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<String, Error> {
        let inner = value.serialize(Baker)?;
        Ok(layout(&format!("{name}("), &[inner], ")").replacen(",\n)", "\n)", 1))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Error> {
        unsupported("a newtype variant")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Parts, Error> {
        Ok(Parts { open: "&[".into(), close: "]", parts: Vec::new() })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        unsupported("a tuple")
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        unsupported("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        unsupported("a tuple variant")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        unsupported("a map")
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Parts, Error> {
        Ok(Parts { open: format!("{name} {{ "), close: " }", parts: Vec::new() })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        unsupported("a struct variant")
    }
}

impl ser::SerializeSeq for Parts {
    type Ok = String;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.parts.push(value.serialize(Baker)?);
        Ok(())
    }
    fn end(self) -> Result<String, Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Parts {
    type Ok = String;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.parts.push(format!("{key}: {}", value.serialize(Baker)?));
        Ok(())
    }
    /// The model skips only `None` options when serializing, so a skipped field is `None`.
    fn skip_field(&mut self, key: &'static str) -> Result<(), Error> {
        self.parts.push(format!("{key}: None"));
        Ok(())
    }
    fn end(self) -> Result<String, Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use radiculo_kb::{Dose, DoseBasis, DoseId, DoseUnit, List, PopulationId, Route, StatementId, Text};

    #[test]
    fn bakes_structs_options_enums_and_lists() {
        let dose = Dose {
            id: DoseId("dose.x"),
            drug: Text("drug \"x\""),
            route: Route::Iv,
            basis: DoseBasis::PerKgPerDay,
            unit: DoseUnit::G,
            min: 0.4,
            max: 1.0,
            days: Some(5),
            cap_per_day: None,
            no_cap: None,
            statement: StatementId("s.x"),
            when: List(&[]),
            unless: List(&[]),
            cautions: List(&[]),
            applies: PopulationId("population.x"),
        };
        let rust = to_rust(&dose).expect("bakes");
        assert!(rust.starts_with("Dose {\n    id: DoseId(\"dose.x\"),"), "{rust}");
        assert!(rust.contains("drug: Text(\"drug \\\"x\\\"\"),"));
        assert!(rust.contains("basis: DoseBasis::PerKgPerDay,"));
        assert!(rust.contains("min: 0.4,"));
        assert!(rust.contains("max: 1.0,"));
        assert!(rust.contains("days: Some(5),"));
        assert!(rust.contains("cap_per_day: None,"));
        assert_eq!(to_rust(&List::<Text>(&[])).expect("bakes"), "List(&[])");
        assert_eq!(to_rust(&List(&[Text("a"), Text("b")])).expect("bakes"), "List(&[Text(\"a\"), Text(\"b\")])");
    }

    #[test]
    fn refuses_what_it_cannot_bake() {
        assert!(to_rust(&f64::NAN).is_err());
        assert!(to_rust(&std::collections::BTreeMap::<u8, u8>::new()).is_err());
    }
}
