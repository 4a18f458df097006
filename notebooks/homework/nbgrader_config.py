# nbgrader configuration for ConvLab homework (TypeScript cells on the ConvLab kernel).
#
# Use it in an nbgrader course directory: copy this file next to `source/`, put each homework
# notebook in `source/<assignment>/`, and make sure Jupyter finds the "convlab" kernel
# (`npx convlab install --sys-prefix` into the environment that runs nbgrader, or set
# JUPYTER_PATH to a directory holding kernels/convlab). `convlab grade` needs none of this.
c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads the file)

# The student version: the same stubs as `convlab assign`, so checksums agree.
c.ClearSolutions.code_stub = {"typescript": '// YOUR CODE HERE\nthrow new Error("not implemented");'}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograding: TypeScript cells take a moment to type-check; a hung cell is interrupted.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Feedback must not show hidden tests.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
