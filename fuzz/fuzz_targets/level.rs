//! Level notation (`L5`, `L4-5`, `L5/S1`, `C7-T1 (cervicothoracic)`): parsing never panics,
//! and whatever parses prints as notation that parses back to the same level.

#![no_main]

use libfuzzer_sys::fuzz_target;
use radiculo_anatomy::Level;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match text.parse::<Level>() {
        Ok(level) => {
            let printed = level.to_string();
            let again: Level = printed.parse().unwrap_or_else(|e| panic!("{printed:?} does not parse back: {e}"));
            assert_eq!(again, level, "{text:?} -> {printed:?}");
            if let Level::Disc(disc) = level {
                let _ = (disc.exiting_root(), disc.traversing_root());
            }
        }
        // Error messages echo the input through `echo`: always short.
        Err(e) => assert!(e.to_string().chars().count() < 600, "{e}"),
    }
});
