//! The five 5S dimensions (001, 四、波导公司客服理念) and one value per dimension.
//!
//! Points on a choice, the running tallies of a score, the 0–100 result of each dimension
//! and the columns of a report are all a [`FiveS`], indexed by [`Dimension`], so no list of
//! the five is ever written out by hand twice.

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One of the five 5S dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 微笑: polite, warm service.
    Smile,
    /// 快速: efficient, swift service.
    Speed,
    /// 标准: uniform, standardised service.
    Standard,
    /// 真诚: wholehearted, responsible service.
    Sincere,
    /// 满意: thoughtful, flawless service.
    Satisfy,
}

impl Dimension {
    /// All five, in the course's order.
    pub const ALL: [Dimension; 5] = [
        Dimension::Smile,
        Dimension::Speed,
        Dimension::Standard,
        Dimension::Sincere,
        Dimension::Satisfy,
    ];

    /// Field names in files, JSON and report columns, in the course's order.
    pub const KEYS: [&'static str; 5] = ["smile", "speed", "standard", "sincere", "satisfy"];

    /// The catalogue id of this dimension.
    pub fn principle_id(self) -> &'static str {
        match self {
            Dimension::Smile => "5s.smile",
            Dimension::Speed => "5s.speed",
            Dimension::Standard => "5s.standard",
            Dimension::Sincere => "5s.sincere",
            Dimension::Satisfy => "5s.satisfy",
        }
    }

    /// Field name in files and JSON.
    pub fn key(self) -> &'static str {
        Dimension::KEYS[self as usize]
    }
}

/// One value per 5S dimension. In files and JSON it is a structure with the fields `smile`,
/// `speed`, `standard`, `sincere` and `satisfy`; a field left out takes the default
/// (no points), an unknown one is an error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct FiveS<T>(pub [T; 5]);

/// Points a choice gives on each dimension.
pub type Points = FiveS<i32>;
/// A 0–100 score per dimension; `None` where the path rated nothing.
pub type Scores = FiveS<Option<u32>>;

impl<T> Index<Dimension> for FiveS<T> {
    type Output = T;
    fn index(&self, d: Dimension) -> &T {
        &self.0[d as usize]
    }
}

impl<T> IndexMut<Dimension> for FiveS<T> {
    fn index_mut(&mut self, d: Dimension) -> &mut T {
        &mut self.0[d as usize]
    }
}

impl<T: Copy> FiveS<T> {
    /// The value on one dimension.
    pub fn get(&self, d: Dimension) -> T {
        self[d]
    }

    /// Mutable access to one dimension.
    pub fn get_mut(&mut self, d: Dimension) -> &mut T {
        &mut self[d]
    }

    /// Each dimension with its value, in the course's order.
    pub fn iter(&self) -> impl Iterator<Item = (Dimension, T)> + '_ {
        Dimension::ALL.into_iter().map(|d| (d, self[d]))
    }

    /// The same shape with `f` applied to each value.
    pub fn map<U>(&self, mut f: impl FnMut(Dimension, T) -> U) -> FiveS<U> {
        FiveS(Dimension::ALL.map(|d| f(d, self[d])))
    }

    /// Built from a function of the dimension.
    pub fn from_fn(f: impl FnMut(Dimension) -> T) -> FiveS<T> {
        FiveS(Dimension::ALL.map(f))
    }
}

impl FiveS<i32> {
    /// Sum of all five.
    pub fn total(&self) -> i32 {
        self.0.iter().sum()
    }
}

impl<T: Serialize> Serialize for FiveS<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FiveS", 5)?;
        for (key, v) in Dimension::KEYS.iter().zip(&self.0) {
            st.serialize_field(key, v)?;
        }
        st.end()
    }
}

struct FiveSVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default + Copy> Visitor<'de> for FiveSVisitor<T> {
    type Value = FiveS<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("values for smile, speed, standard, sincere and satisfy")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FiveS<T>, A::Error> {
        let mut out = FiveS([T::default(); 5]);
        let mut seen = [false; 5];
        while let Some(key) = map.next_key::<String>()? {
            let Some(i) = Dimension::KEYS.iter().position(|k| *k == key) else {
                return Err(de::Error::unknown_field(&key, &Dimension::KEYS));
            };
            if seen[i] {
                return Err(de::Error::duplicate_field(Dimension::KEYS[i]));
            }
            seen[i] = true;
            out.0[i] = map.next_value()?;
        }
        Ok(out)
    }
}

impl<'de, T: Deserialize<'de> + Default + Copy> Deserialize<'de> for FiveS<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FiveS<T>, D::Error> {
        d.deserialize_struct("FiveS", &Dimension::KEYS, FiveSVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_named_fields() {
        let p: Points = ron::from_str("(smile: 2, sincere: -1)").unwrap();
        assert_eq!(p, FiveS([2, 0, 0, -1, 0]));
        assert_eq!(p[Dimension::Sincere], -1);
        assert_eq!(p.total(), 1);
        assert!(ron::from_str::<Points>("(smiel: 2)").is_err());
        assert!(ron::from_str::<Points>("(smile: 2, smile: 3)").is_err());
        let s: Scores = FiveS([Some(100), None, Some(50), None, Some(0)]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"smile":100,"speed":null,"standard":50,"sincere":null,"satisfy":0}"#
        );
        assert_eq!(serde_json::from_str::<Scores>(&json).unwrap(), s);
    }
}
