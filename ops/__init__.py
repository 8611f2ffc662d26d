"""Operations tooling: fuzzing, load tests, fault injection (README "Security and operations")."""
