//! The parts of the `radiculo` command that benches, fuzz targets and tests reach as a library:
//! bounded input, output that reports write failures, and the batch pipeline.

#![warn(clippy::print_stderr)]

pub mod batch;
pub mod input;
pub mod output;
