"""Built-in runbooks: thin click commands over the task plugins in netauto.tasks."""
