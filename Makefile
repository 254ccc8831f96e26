# Migration commands of the seed schema, backed by the npm scripts (see README.md).
# They use DATABASE_URL when it is set, else the embedded database under ./.data/.
.PHONY: migrate-up migrate-down migrate-status migrate-create

migrate-up:
	npm run --silent db:migrate

migrate-down:
	npm run --silent db:rollback

migrate-status:
	npm run --silent db:status

migrate-create:
	@test -n "$(NAME)" || (echo "usage: make migrate-create NAME=add_new_table" >&2; exit 2)
	npm run --silent db:create-migration -- $(NAME)
