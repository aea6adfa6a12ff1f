//! Typed ids, so a node id can never be passed where a choice id is meant.
//!
//! They are serde-transparent: in a file they are plain strings.

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// Id of a customer turn within a scenario.
    NodeId
);
string_id!(
    /// Id of an agent choice within a scenario.
    ChoiceId
);
string_id!(
    /// Id of an ending within a scenario.
    EndingId
);
string_id!(
    /// Id of a catalogue entry (`5s.speed`, `avoid.hostility`, `quiz.angry.q03`, …).
    PrincipleId
);
