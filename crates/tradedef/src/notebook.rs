//! Rich display in the evcxr Jupyter kernel (under construction).
