"""The original MyService (technical document 1.1): FastAPI, synchronous SQLAlchemy over psycopg2 with
a connection pool, Jinja2 pages, its wallets / payments / sessions tables. Only what the benchmark
measures: /ping and the dashboard (cookie session_id -> sessions row -> wallet -> last 10 payments ->
template). Run: DB_URL=postgresql://... uvicorn app:app --workers 2
"""

import os

from fastapi import Cookie, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Column, DateTime, Integer, Numeric, String, create_engine, func
from sqlalchemy.orm import Session, declarative_base, sessionmaker

# The original's tables live in its own schema here, next to ours in the same database.
engine = create_engine(
    os.environ["DB_URL"],
    pool_pre_ping=True,
    connect_args={"options": "-csearch_path=" + os.environ.get("DB_SCHEMA", "seed_mvp")},
)
SessionLocal = sessionmaker(bind=engine, autocommit=False, autoflush=False)
Base = declarative_base()
templates = Jinja2Templates(directory=os.path.join(os.path.dirname(__file__), "templates"))
app = FastAPI()
AUTH_URL = os.environ.get("AUTH_URL", "https://auth.neirosetim.ru")


class Wallet(Base):
    __tablename__ = "wallets"
    id = Column(Integer, primary_key=True)
    casdoor_id = Column(String, unique=True, index=True)
    email = Column(String)
    name = Column(String)
    balance = Column(Numeric(12, 2), default=0)


class Payment(Base):
    __tablename__ = "payments"
    id = Column(Integer, primary_key=True)
    yookassa_payment_id = Column(String, unique=True)
    user_id = Column(String, index=True)
    amount = Column(Numeric(12, 2))
    status = Column(String)
    description = Column(String)
    created_at = Column(DateTime, server_default=func.now())


class UserSession(Base):
    __tablename__ = "sessions"
    session_id = Column(String, primary_key=True)
    token = Column(String)
    created_at = Column(DateTime, server_default=func.now())


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/ping")
async def ping():
    return {"status": "ok"}


@app.get("/dashboard")
def dashboard(request: Request, session_id: str | None = Cookie(None), db: Session = Depends(get_db)):
    session = db.query(UserSession).filter(UserSession.session_id == session_id).first() if session_id else None
    if session is None:
        return RedirectResponse("/signin", status_code=303)
    wallet = db.query(Wallet).filter(Wallet.casdoor_id == session.token).first()
    if wallet is None:
        return RedirectResponse("/signin", status_code=303)
    payments = (
        db.query(Payment)
        .filter(Payment.user_id == wallet.casdoor_id)
        .order_by(Payment.created_at.desc())
        .limit(10)
        .all()
    )
    return templates.TemplateResponse(
        "dashboard.html",
        {"request": request, "session": session, "wallet": wallet, "payments": payments, "auth_url": AUTH_URL},
    )
