"""政策直通车: the one-stop library of 利企便民 policies, subscriptions and pushes."""
