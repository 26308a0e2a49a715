//! Size limits on everything radiculo reads, in one place. A real case is a few kilobytes
//! with a handful of findings; these limits are far above that and exist so that a wrong file
//! (`/dev/zero`, a log, a binary) or a hostile one fails at once with a clear message instead
//! of exhausting memory or time. The numbers that describe a patient have their own
//! plausibility bounds in `radiculo_kb::plausible`.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;
use serde::ser;

/// The largest case file or standard input `consult` and `--case` read, in bytes (1 MiB).
pub const CASE_MAX_BYTES: usize = 1 << 20;

/// The longest line `batch` reads, in bytes (1 MiB, the same as a case file).
pub const LINE_MAX_BYTES: usize = CASE_MAX_BYTES;

/// How far `batch` reads past [`LINE_MAX_BYTES`] looking for the end of an overlong line
/// before it decides the input is not JSON Lines at all and stops (64 MiB).
pub const LINE_SKIP_MAX_BYTES: usize = 64 << 20;

/// The longest command-line argument, in bytes (a question, a finding, a path).
pub const ARGUMENT_MAX_BYTES: usize = 4096;

/// The longest text value in a case (a finding, a red flag, a level), in characters.
pub const TEXT_MAX_CHARS: usize = 200;

/// The most items in one list of a case (findings of one kind, red flags, contexts).
pub const LIST_MAX_ITEMS: usize = 100;

/// A byte count as a message shows it: `1 MiB`, `4096 bytes`.
pub fn bytes(count: usize) -> String {
    const MIB: usize = 1 << 20;
    const KIB: usize = 1 << 10;
    if count >= MIB && count.is_multiple_of(MIB) {
        format!("{} MiB", count / MIB)
    } else if count >= KIB && count.is_multiple_of(KIB) {
        format!("{} KiB", count / KIB)
    } else {
        format!("{count} bytes")
    }
}

/// Checks every text value and list of `value` against [`TEXT_MAX_CHARS`] and
/// [`LIST_MAX_ITEMS`]; the message names the first field over a limit (`history.red_flags`),
/// fields taken in name order at every level (the order of a JSON object's keys, which is how
/// the limits were first checked). It walks the value's serialization, so every field of a
/// case is covered without listing them, and copies no field: a batch checks every line.
pub(crate) fn within(value: &impl Serialize) -> Result<(), String> {
    let mut walk = Walk { path: Vec::new(), first: Vec::new(), lists: Vec::new() };
    value.serialize(&mut walk).map_err(|e| e.0)
}

/// Where the walk is.
struct Walk {
    /// The field names from the top.
    path: Vec<Cow<'static, str>>,
    /// For each open struct or map, its field over a limit that comes first by name.
    first: Vec<Option<(Cow<'static, str>, Over)>>,
    /// For each open list, how many items it has had, when its length was not given ahead.
    lists: Vec<Option<usize>>,
}

/// A value over a limit, with the message.
#[derive(Debug)]
struct Over(String);

impl fmt::Display for Over {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Over {}

impl ser::Error for Over {
    fn custom<T: fmt::Display>(message: T) -> Over {
        Over(format!("cannot read the case: {message}"))
    }
}

impl Walk {
    fn field(&self) -> String {
        self.path.join(".")
    }

    fn text(&self, text: &str) -> Result<(), Over> {
        if text.chars().nth(TEXT_MAX_CHARS).is_none() {
            return Ok(());
        }
        Err(Over(format!(
            "{} `{}` is {} characters long; the limit is {TEXT_MAX_CHARS}",
            self.field(),
            radiculo_kb::echo::echo(text),
            text.chars().count()
        )))
    }

    fn too_many(&self, n: usize) -> Over {
        Over(format!("{} has {n} items; the limit is {LIST_MAX_ITEMS}", self.field()))
    }

    /// Opens a list of `len` items (counted as they come when not given).
    fn list(&mut self, len: Option<usize>) -> Result<&mut Walk, Over> {
        match len {
            Some(n) if n > LIST_MAX_ITEMS => Err(self.too_many(n)),
            Some(_) => {
                self.lists.push(None);
                Ok(self)
            }
            None => {
                self.lists.push(Some(0));
                Ok(self)
            }
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Over> {
        if let Some(Some(count)) = self.lists.last_mut() {
            *count += 1;
            let n = *count;
            if n > LIST_MAX_ITEMS {
                return Err(self.too_many(n));
            }
        }
        value.serialize(self)
    }

    fn end_list(&mut self) -> Result<(), Over> {
        self.lists.pop();
        Ok(())
    }

    /// Opens a struct or map, under `name` for an enum variant.
    fn open(&mut self, name: Option<&'static str>) -> &mut Walk {
        self.path.extend(name.map(Cow::Borrowed));
        self.first.push(None);
        self
    }

    /// Checks the field `name` of the open struct or map, keeping its error if it is the
    /// first by name so far.
    fn field_within<T: Serialize + ?Sized>(&mut self, name: Cow<'static, str>, value: &T) {
        self.path.push(name);
        let result = value.serialize(&mut *self);
        let name = self.path.pop().unwrap_or_default();
        if let (Err(over), Some(first)) = (result, self.first.last_mut())
            && first.as_ref().is_none_or(|(earlier, _)| name < *earlier)
        {
            *first = Some((name, over));
        }
    }

    /// Closes a struct or map, with its first field over a limit.
    fn close(&mut self, named: bool) -> Result<(), Over> {
        let first = self.first.pop().flatten();
        if named {
            self.path.pop();
        }
        first.map_or(Ok(()), |(_, over)| Err(over))
    }
}

/// A map key as the path shows it.
fn key_name<T: Serialize + ?Sized>(key: &T) -> Cow<'static, str> {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(name)) => name.into(),
        Ok(other) => other.to_string().into(),
        Err(_) => "?".into(),
    }
}

/// Serializer methods for values that have no size to check.
macro_rules! ignore_scalars {
    ($($method:ident: $type:ty),* $(,)?) => {
        $(fn $method(self, _: $type) -> Result<(), Over> {
            Ok(())
        })*
    };
}

/// The list traits whose items are each checked in turn.
macro_rules! list_items {
    ($($list:ident::$method:ident),*) => {
        $(impl ser::$list for &mut Walk {
            type Ok = ();
            type Error = Over;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Over> {
                self.item(value)
            }
            fn end(self) -> Result<(), Over> {
                self.end_list()
            }
        })*
    };
}

impl ser::Serializer for &mut Walk {
    type Ok = ();
    type Error = Over;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    ignore_scalars! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64, serialize_char: char,
    }
    fn serialize_str(self, text: &str) -> Result<(), Over> {
        self.text(text)
    }
    fn serialize_bytes(self, bytes: &[u8]) -> Result<(), Over> {
        if bytes.len() > LIST_MAX_ITEMS { Err(self.too_many(bytes.len())) } else { Ok(()) }
    }
    fn serialize_none(self) -> Result<(), Over> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Over> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Over> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Over> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Over> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Over> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Over> {
        self.open(None).field_within(variant.into(), value);
        self.close(false)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Over> {
        self.list(len)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Over> {
        self.list(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Over> {
        self.list(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, len: usize) -> Result<Self, Over> {
        self.path.push(variant.into());
        if len > LIST_MAX_ITEMS {
            let over = self.too_many(len);
            self.path.pop();
            return Err(over);
        }
        self.lists.push(None);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Over> {
        Ok(self.open(None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Over> {
        Ok(self.open(None))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Self, Over> {
        Ok(self.open(Some(variant)))
    }
}

list_items!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field);

impl ser::SerializeTupleVariant for &mut Walk {
    type Ok = ();
    type Error = Over;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Over> {
        self.item(value)
    }
    fn end(self) -> Result<(), Over> {
        self.path.pop();
        self.end_list()
    }
}

impl ser::SerializeMap for &mut Walk {
    type Ok = ();
    type Error = Over;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Over> {
        self.path.push(key_name(key));
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Over> {
        let name = self.path.pop().unwrap_or_default();
        self.field_within(name, value);
        Ok(())
    }
    fn end(self) -> Result<(), Over> {
        self.close(false)
    }
}

impl ser::SerializeStruct for &mut Walk {
    type Ok = ();
    type Error = Over;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Over> {
        self.field_within(key.into(), value);
        Ok(())
    }
    fn end(self) -> Result<(), Over> {
        self.close(false)
    }
}

impl ser::SerializeStructVariant for &mut Walk {
    type Ok = ();
    type Error = Over;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Over> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Over> {
        self.close(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_naturally() {
        assert_eq!(bytes(CASE_MAX_BYTES), "1 MiB");
        assert_eq!(bytes(ARGUMENT_MAX_BYTES), "4 KiB");
        assert_eq!(bytes(100), "100 bytes");
    }
}
