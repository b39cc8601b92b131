//! Seed 003 bodies (placeholder until filled in).
