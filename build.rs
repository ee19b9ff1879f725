// The built-in rule packs are embedded from `rules/`; rebuild when any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=rules");
}
