-- wrk: POST one OpenAI chat request (the body of ai-chat.json), for bench/wrk/ai-overhead.sh
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"gpt-4o","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello."}]}'
