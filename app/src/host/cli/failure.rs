//! How a command fails: exit code 2 when the operator's input is at fault (usage, validation,
//! something named that does not exist, a rule that refuses), 1 when something outside the
//! input failed (database, file system, mail), with a one-line reason and optional details.

use portal_core::CoreError;
use portal_domain::ValidationError;

use super::super::serve::StartError;

/// A failed command: the exit code and the one-line reason.
#[derive(Debug)]
pub struct Failure {
    /// 2 for bad input, 1 otherwise.
    pub code: u8,
    /// One line.
    pub message: String,
    /// Further lines (one per problem).
    pub details: Vec<String>,
}

impl Failure {
    /// The operator's input is at fault.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// Something outside the input failed.
    pub fn runtime(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// With one line per detail.
    pub fn with_details(mut self, details: Vec<String>) -> Self {
        self.details = details;
        self
    }
}

impl From<ValidationError> for Failure {
    fn from(error: ValidationError) -> Self {
        Failure::input(error.to_string())
    }
}

impl From<CoreError> for Failure {
    fn from(error: CoreError) -> Self {
        use portal_core::import::ImportError;
        match error {
            CoreError::Invalid(problems) => Failure::input("the input is not valid")
                .with_details(problems.iter().map(ToString::to_string).collect()),
            CoreError::Import(ImportError::Rows(rows)) => Failure::input(format!(
                "import refused: {} row(s) have errors; nothing was imported",
                rows.len()
            ))
            .with_details(
                rows.iter()
                    .map(|row| format!("line {}: {}", row.line, row.problems.join("; ")))
                    .collect(),
            ),
            CoreError::Import(other) => Failure::input(format!("import refused: {other}")),
            CoreError::NotFound
            | CoreError::Missing(_)
            | CoreError::NotAllowed
            | CoreError::Refused(_)
            | CoreError::NotNow(_)
            | CoreError::Stale(_)
            | CoreError::Conflict(_)
            | CoreError::Unreadable(_)
            | CoreError::IssueRefused { .. } => Failure::input(error.to_string()),
            CoreError::Setup(_)
            | CoreError::Store(_)
            | CoreError::File(_)
            | CoreError::Mail(_)
            | CoreError::Credential(_)
            | CoreError::Busy { .. }
            | CoreError::NotOffered(_) => Failure::runtime(error.to_string()),
        }
    }
}

impl From<portal_storage::StoreError> for Failure {
    fn from(error: portal_storage::StoreError) -> Self {
        CoreError::from(error).into()
    }
}

impl From<StartError> for Failure {
    fn from(error: StartError) -> Self {
        match error {
            StartError::Store(store) => store.into(),
            StartError::Setup(core) => core.into(),
            other => Failure::runtime(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_operator_named_wrongly_is_input_and_the_rest_is_runtime() {
        assert_eq!(Failure::from(CoreError::Missing("the office")).code, 2);
        assert_eq!(Failure::from(CoreError::Conflict("the office")).code, 2);
        assert_eq!(Failure::from(CoreError::Setup("mail".into())).code, 1);
        let invalid = Failure::from(CoreError::Invalid(vec![ValidationError::new(
            portal_domain::Field::Email,
            portal_domain::Problem::Required,
        )]));
        assert_eq!((invalid.code, invalid.details.len()), (2, 1));
    }
}
